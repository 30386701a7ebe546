// Conf validates its file with ajv only when it is given a JSON schema. gazette gives it none: it checks the shape of its
// files itself (source/store/schema.ts). This stub keeps ajv and ajv-formats (about 300 KB, parsed and set up at every
// start that opens the store) out of the bundle; if conf is ever given a schema, it says so instead of checking nothing.
function noSchemas() {
	throw new Error('gazette bundles no ajv: conf must not be given a schema');
}

export class Ajv2020 {
	constructor() {
		noSchemas();
	}
}

const ajvFormats = {default: noSchemas};
export default ajvFormats;
