import { startNoopPack } from "../readEverything";

startNoopPack("noop", 1);
