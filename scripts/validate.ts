// Validate every curated input (schemas, source ids, keys, cross-file rules) in one fast pass, before the build.
// Prints one clear message per problem and exits 1; prints a row count summary when all is well.
// --case <id-or-path>: validate another case folder (scripts/case-arg.ts; first, before anything reads the case).
import "./case-arg.ts";
import {DataError} from "../loaders/errors.ts";
import {validateAll} from "../loaders/validate.ts";

try {
  console.error(`validate: ok — ${validateAll()}`);
} catch (e) {
  console.error(e instanceof DataError ? e.message : e);
  process.exit(1);
}
