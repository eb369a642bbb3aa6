module github.com/sqs-backoff/sqs-backoff/test/jsii/go

go 1.25

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.276.0
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/sqs-backoff/cdk-sqs-backoff-go/cdksqsbackoff v0.0.0
)

replace github.com/sqs-backoff/cdk-sqs-backoff-go/cdksqsbackoff => ../../../dist/jsii/dist/go/cdksqsbackoff
