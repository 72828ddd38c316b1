import { runApp } from "./app";
import { environments } from "./environments";

runApp(environments);
