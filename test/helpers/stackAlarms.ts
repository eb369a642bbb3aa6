import { CloudFormationClient, ListStackResourcesCommand, StackResourceSummary } from '@aws-sdk/client-cloudformation';

/**
 * How many metric alarms (`AWS::CloudWatch::Alarm`) a deployed stack holds, as CloudFormation
 * lists them: what `status` must show one row each of, whatever alarms the construct's defaults
 * turn on. Reads the endpoint from the environment (AWS_ENDPOINT_URL), as the CLI does.
 */
export async function deployedMetricAlarmCount(stackName: string, endpoint?: string): Promise<number> {
  const cfn = new CloudFormationClient(endpoint === undefined ? {} : { endpoint });
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    resources.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  cfn.destroy();
  return resources.filter((r) => r.ResourceType === 'AWS::CloudWatch::Alarm').length;
}
