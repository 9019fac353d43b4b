// Test processes never touch the user's ~/.n8n: n8n-core's InstanceSettings writes its
// encryption key under N8N_USER_FOLDER.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

if (!process.env.N8N_USER_FOLDER) {
	const dir = path.join(os.tmpdir(), `audience-sync-test-${process.pid}`);
	fs.mkdirSync(dir, { recursive: true });
	process.env.N8N_USER_FOLDER = dir;
}

// n8n-core logs node errors through its own logger; the tests assert on them instead.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
