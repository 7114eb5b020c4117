import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * The official Teams app manifest JSON schema, as Microsoft ships it inside the npm package
 * `@microsoft/app-manifest` (the manifest library of the Microsoft 365 Agents Toolkit, published
 * from OfficeDev/microsoft-365-agents-toolkit): build/json-schemas/teams/v1.x/MicrosoftTeams.schema.json,
 * the same documents hosted at https://developer.microsoft.com/json-schemas/teams/v1.x/.
 * They are JSON Schema draft-04, hence ajv-draft-04. Nothing is fetched at run time.
 */
const require = createRequire(import.meta.url);

export const schemaPath = (manifestVersion: string): string =>
  require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
  );

export const loadOfficialSchema = (manifestVersion: string): Record<string, unknown> =>
  require(schemaPath(manifestVersion)) as Record<string, unknown>;

const compiled = new Map<string, ValidateFunction>();

export function validatorFor(manifestVersion: string): ValidateFunction {
  let v = compiled.get(manifestVersion);
  if (!v) {
    // strict: false because the official schemas carry keywords ajv does not know (e.g. "deprecated").
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    v = ajv.compile(loadOfficialSchema(manifestVersion));
    compiled.set(manifestVersion, v);
  }
  return v;
}

export const formatErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );

/** Validates a filled manifest against the official schema of its own manifestVersion. */
export function validateAgainstOfficialSchema(manifest: { manifestVersion?: unknown }): string[] {
  if (typeof manifest.manifestVersion !== 'string') return ['(root) manifestVersion is missing'];
  const validate = validatorFor(manifest.manifestVersion);
  return validate(manifest) ? [] : formatErrors(validate.errors);
}
