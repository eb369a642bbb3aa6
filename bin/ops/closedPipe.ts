/**
 * `sqs-backoff schedule | head -1`: once `head` has its line it closes the pipe and the next
 * write fails with EPIPE. That is the reader saying "enough", not an error: exit 0 quietly
 * instead of an unhandled `write EPIPE` stack trace.
 */
export function exitQuietlyWhenPipeCloses(stream: NodeJS.WriteStream = process.stdout, exit: (code: number) => void = process.exit): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else throw error;
  });
}
