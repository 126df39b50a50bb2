// Stop child processes: SIGTERM each one still running, SIGKILL it if it has not exited after `killAfterMs`; resolves
// when every one has exited. Shared by `npm run build` and `npm run dev`, so neither leaves a server listening.
import type {ChildProcess} from "node:child_process";

export function stopChildren(children: Iterable<ChildProcess>, killAfterMs: number): Promise<void> {
  return Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((done) => {
          if (c.exitCode !== null || c.signalCode !== null) return done();
          c.once("exit", () => done());
          c.kill("SIGTERM");
          setTimeout(() => c.kill("SIGKILL"), killAfterMs).unref();
        })
    )
  ).then(() => undefined);
}
