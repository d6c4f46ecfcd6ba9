import { MONGO_TARGETS } from '../support/mongo-db.js';
import { mongoSubject } from '../support/storage-subjects.js';
import { runStorageContract } from './suite/storage-contract.js';

for (const target of MONGO_TARGETS) {
  runStorageContract(target === 'jongodb' ? 'MongoDB (jongodb)' : 'MongoDB', mongoSubject(target));
}
