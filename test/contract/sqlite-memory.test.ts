import { sqliteMemorySubject } from '../support/storage-subjects.js';
import { runSqlSchemaContract } from './suite/sql-schema.js';
import { runStorageContract } from './suite/storage-contract.js';

runStorageContract('SQLite :memory:', sqliteMemorySubject);
runSqlSchemaContract('SQLite :memory:', sqliteMemorySubject);
