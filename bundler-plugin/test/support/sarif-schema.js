// The SARIF 2.1.0 JSON schema as published in Microsoft's SARIF SDK
// (@microsoft/sarif-multitool-ts, assets/sarif-2.1.0.schema.json, JSON Schema 2020-12),
// compiled once with ajv and ajv-formats for the tests that check SARIF output.
import { readFileSync } from 'node:fs';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const schemaFile = new URL('../assets/sarif-2.1.0.schema.json', import.meta.resolve('@microsoft/sarif-multitool-ts'));
export const sarifSchema = JSON.parse(readFileSync(schemaFile, 'utf8'));

// strictRequired is off because the schema itself lists `required` names inside anyOf branches.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);

/** Returns true or false; the errors are on `validateSarif.errors`. */
export const validateSarif = ajv.compile(sarifSchema);
