// One invocation of a deployed Node.js Lambda handler, run by the emulator's Lambda runtime
// (lambda_runtime.py) in a fresh `node` process, as the AWS Node.js runtime calls it.
// Arguments: <task root> <handler "file.export"> <event file> <result file>
// The result file receives {"payload": <what the handler returned>} or {"error": {...}} in the
// shape AWS reports unhandled errors (errorType, errorMessage, trace).
"use strict";
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const [taskRoot, handlerName, eventFile, resultFile] = process.argv.slice(2);

function runtimeError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

async function loadHandler() {
  const dot = handlerName.lastIndexOf(".");
  const file = handlerName.slice(0, dot);
  const exportName = handlerName.slice(dot + 1);
  const path = [".js", ".mjs", ".cjs"].map((extension) => join(taskRoot, file + extension)).find(existsSync);
  if (dot < 1 || !path) throw runtimeError("Runtime.ImportModuleError", `Error: Cannot find module '${file}'`);
  const loaded = path.endsWith(".mjs") ? await import(pathToFileURL(path).href) : require(path);
  const handler = loaded[exportName];
  if (typeof handler !== "function") throw runtimeError("Runtime.HandlerNotFound", `${handlerName} is undefined or not exported`);
  return handler;
}

function lambdaContext() {
  const deadline = Date.now() + Number(process.env.AWS_LAMBDA_FUNCTION_TIMEOUT) * 1000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: process.env.EMULATOR_INVOKED_FUNCTION_ARN,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: process.env.EMULATOR_REQUEST_ID,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Promise-returning handlers and callback-style ones (three parameters), as the runtime accepts both. */
function callHandler(handler, event, context) {
  if (handler.length < 3) return Promise.resolve(handler(event, context));
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (returned && typeof returned.then === "function") returned.then(resolve, reject);
  });
}

function unhandled(error) {
  const stack = typeof error?.stack === "string" ? error.stack.split("\n") : [];
  return { errorType: error?.name ?? "Error", errorMessage: error?.message ?? String(error), trace: stack };
}

async function main() {
  let outcome;
  try {
    const handler = await loadHandler();
    const result = await callHandler(handler, JSON.parse(readFileSync(eventFile, "utf8")), lambdaContext());
    outcome = { payload: result === undefined ? null : result };
  } catch (error) {
    console.error(`${new Date().toISOString()}\t${process.env.EMULATOR_REQUEST_ID}\tERROR\tInvoke Error\t${JSON.stringify(unhandled(error))}`);
    outcome = { error: unhandled(error) };
  }
  writeFileSync(resultFile, JSON.stringify(outcome));
  // The invocation is over once the handler settles: timers or sockets left open must not keep
  // the process (and the emulator's wait) alive.
  process.exit(0);
}

main();
