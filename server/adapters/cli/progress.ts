// Progress display for long ingests: a bar on a terminal, plain lines otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';

/** Returns a progress callback (stage, done, total) and a function to stop it. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update: (stage: string, done: number, total: number) => void; stop: () => void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({ format: '{stage} [{bar}] {percentage}% | {value}/{total}', stream, hideCursor: true }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(stage, done, total) {
        if (!started) {
          bar.start(Math.max(total, 1), done, { stage });
          started = true;
        }
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { stage });
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastStage = '';
  let lastPct = -10;
  return {
    update(stage, done, total) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      if (stage !== lastStage || pct >= lastPct + 10) {
        stream.write(`${stage} : ${pct} %\n`);
        lastStage = stage;
        lastPct = pct;
      }
    },
    stop: () => {},
  };
}
