/**
 * Node 20 works today; the AWS SDK's nine-line notice about its 2027 releases only clutters the
 * output of our tools (ops, deploy:local, demo, load). The SDK reads the switch when the first
 * client is built, so call this before creating any client. A value the user set is kept.
 */
export const SDK_NODE_NOTICE_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function quietSdkNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  env[SDK_NODE_NOTICE_SWITCH] ??= 'true';
}
