package smoke;

import io.github.sqsbackoff.cdk.BackoffConsumer;
import io.github.sqsbackoff.cdk.BackoffPolicy;
import io.github.sqsbackoff.cdk.BackoffQueue;
import io.github.sqsbackoff.cdk.BackoffWorkQueueProps;
import io.github.sqsbackoff.cdk.ExponentialPolicyProps;
import io.github.sqsbackoff.cdk.RetryTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * A Java CDK app on the generated package: synthesizes to args[0] and writes what an invalid
 * maxAttempts threw to args[0]/error.txt (class, then message), for scripts/jsii/checkSmoke.ts.
 */
public final class App {
  public static void main(final String[] args) throws Exception {
    software.amazon.awscdk.App app = new software.amazon.awscdk.App(AppProps.builder().outdir(args[0]).build());
    Stack stack = new Stack(app, "JavaSmoke");
    Function existing = Function.Builder.create(stack, "ExistingConsumer")
        .runtime(Runtime.NODEJS_22_X)
        .handler("index.handler")
        .code(Code.fromInline("exports.handler = async () => ({ batchItemFailures: [] });"))
        .build();
    BackoffQueue.Builder.create(stack, "Orders")
        .consumer(BackoffConsumer.fromFunction(existing))
        .policy(BackoffPolicy.exponential(ExponentialPolicyProps.builder()
            .base(Duration.seconds(2)).cap(Duration.minutes(5)).build()))
        .maxAttempts(6)
        .queueProps(BackoffWorkQueueProps.builder().fifo(true).build())
        .transport(RetryTransport.visibilityTimeout())
        .build();
    app.synth();
    String error = "nothing thrown";
    try {
      BackoffQueue.Builder.create(new Stack(new software.amazon.awscdk.App(), "Invalid"), "TooMany")
          .consumer(BackoffConsumer.fromFunction(existing))
          .maxAttempts(0)
          .build();
    } catch (RuntimeException thrown) {
      error = thrown.getClass().getName() + "\n" + thrown.getMessage();
    }
    Files.writeString(Path.of(args[0], "error.txt"), error);
  }
}
