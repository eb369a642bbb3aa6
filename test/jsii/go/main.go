// A Go CDK app on the generated cdksqsbackoff package: `go build` proves the bindings compile
// against aws-cdk-go; running it synthesizes the stack to the folder given as the first argument.
package main

import (
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
	backoff "github.com/sqs-backoff/cdk-sqs-backoff-go/cdksqsbackoff"
)

func main() {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(os.Args[1])})
	stack := awscdk.NewStack(app, jsii.String("GoSmoke"), nil)
	existing := awslambda.NewFunction(stack, jsii.String("ExistingConsumer"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_22_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => ({ batchItemFailures: [] });")),
	})
	backoff.NewBackoffQueue(stack, jsii.String("Orders"), &backoff.BackoffQueueProps{
		Consumer: backoff.BackoffConsumer_FromFunction(existing, nil),
		Policy: backoff.BackoffPolicy_Exponential(&backoff.ExponentialPolicyProps{
			Base: awscdk.Duration_Seconds(jsii.Number(2)),
			Cap:  awscdk.Duration_Minutes(jsii.Number(5)),
		}),
		MaxAttempts: jsii.Number(6),
		QueueProps:  &backoff.BackoffWorkQueueProps{Fifo: jsii.Bool(true)},
		Transport:   backoff.RetryTransport_VisibilityTimeout(),
	})
	app.Synth(nil)
}
