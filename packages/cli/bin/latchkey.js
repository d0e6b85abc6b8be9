#!/usr/bin/env node
// The `latchkey` command. The code is built into dist/ when the package is installed (its prepare script).
import '../dist/cli.js';
