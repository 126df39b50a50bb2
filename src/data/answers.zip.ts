import {answersZip} from "../../loaders/answers.ts";
import {runOutput} from "../../loaders/run.ts";

await runOutput(answersZip);
