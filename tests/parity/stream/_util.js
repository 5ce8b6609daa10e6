// Shared by the stream scenarios: how errors and values are printed.
exports.code = (err) => (err === null ? 'null' : err === undefined ? 'undefined' : (err.code || err.message));
