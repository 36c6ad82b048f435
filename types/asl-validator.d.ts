/** asl-validator 4.0.0 ships no typings; this is the surface the tests use. */
declare module "asl-validator" {
  interface AslError {
    readonly "Error code": string;
    readonly Message: string;
  }
  interface AslValidationResult {
    readonly isValid: boolean;
    readonly errors: readonly AslError[];
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): AslValidationResult;
  export = aslValidator;
}
