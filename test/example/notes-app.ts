import { App } from 'aws-cdk-lib';
import { NotesExampleStack } from './notes-example-stack';

/** The notes example as an app (`--watch` test: `NOTES_NODE_CODE_DIR` points at an editable copy of the Node.js handler). */
const app = new App({ analyticsReporting: false });
new NotesExampleStack(app, 'NotesExampleStack', { nodeCodeDir: process.env.NOTES_NODE_CODE_DIR });
app.synth();
