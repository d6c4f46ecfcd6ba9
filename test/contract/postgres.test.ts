import { postgresSubject } from '../support/storage-subjects.js';
import { runSqlSchemaContract } from './suite/sql-schema.js';
import { runStorageContract } from './suite/storage-contract.js';

runStorageContract('PostgreSQL', postgresSubject);
runSqlSchemaContract('PostgreSQL', postgresSubject);
