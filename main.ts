import "./envs/exit-on-config-error";
import { App } from "cdktf";
import { environments } from "./envs";
import { PlatformStack } from "./stacks/platform-stack";

const app = new App();
for (const config of environments) {
  new PlatformStack(app, config.name, { config });
}
app.synth();
