// Loaded into every node process of a measured command (NODE_OPTIONS=--import): appends this
// process's peak resident memory (KB) to BENCH_RSS_FILE at exit; the bench takes the largest.
import { appendFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Measuring must never change the command's outcome.
    }
  });
}
