import "./envs/exit-on-config-error";
import { App } from "cdktf";
import { environments } from "./envs";
import { stateBucketStacks } from "./stacks/state-bucket-stack";

/** The bootstrap app: one state-bucket stack per account bucket. Run it with `npm run bootstrap -- <env>`. */
const app = new App({ outdir: "cdktf.out.bootstrap" });
stateBucketStacks(app, environments);
app.synth();
