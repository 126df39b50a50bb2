// Vitest global setup: generate the browser library bundle that src/components/libs.ts re-exports (scripts/vendor.ts),
// so unit tests of components run on a fresh clone before any build.
import {buildVendor} from "../../scripts/vendor.ts";

export default async function setup(): Promise<void> {
  await buildVendor();
}
