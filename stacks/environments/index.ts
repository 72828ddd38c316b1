import { dev } from "./dev";
import { prod } from "./prod";
import { staging } from "./staging";

/** Every environment this repo deploys, in promotion order. */
export const environments = [dev, staging, prod];
