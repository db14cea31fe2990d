/**
 * Key builders for the single table, and the access patterns they serve. Every query the adapter makes is a row
 * here, and each row has an API test (test/api/access-patterns.test.ts names them by number).
 *
 * | #  | access pattern                                          | where | key condition                                                        |
 * |----|---------------------------------------------------------|-------|----------------------------------------------------------------------|
 * | 1  | get a unit, position or official by id                  | table | PK = UNIT#id / POSITION#id / OFFICIAL#id, SK = #META                  |
 * | 2  | list every unit (scope and subtree resolution)          | GSI1  | GSI1PK = UNITS, GSI1SK = unit id                                      |
 * | 3  | list an agency's positions                              | GSI1  | GSI1PK = AGENCY#a#POSITIONS, GSI1SK = unitId#positionId               |
 * | 4  | list an agency's officials by name                      | GSI1  | GSI1PK = AGENCY#a#OFFICIALS, GSI1SK = folded name#officialId          |
 * | 5  | an official's whole aggregate                           | table | PK = OFFICIAL#id (SK #META, STATUS, ASSIGNMENT#, CIRCUMSTANCE#, ASSESSMENT#) |
 * | 6  | flags: current chains of an agency due by a date        | GSI2  | GSI2PK = AGENCY#a#DUE, GSI2SK <= dueDate#~ (sparse: STATUS with a chain) |
 * | 7  | flags: officials with an unsatisfactory annual rating   | GSI3  | GSI3PK = AGENCY#a#UNSATISFACTORY (sparse: STATUS items only)          |
 * | 8  | audit log of an entity                                  | table | PK = AUDIT#entityId, SK = at#auditId                                  |
 * | 9  | audit log of an aggregate (an official's children)      | GSI3  | GSI3PK = AUDIT_PARENT#officialId, GSI3SK = at#auditId                 |
 * | 10 | one assessment period of many officials                 | table | BatchGet PK = OFFICIAL#id, SK = ASSESSMENT#period                     |
 * | 11 | rating counts of an agency's year (excellent quota)     | table | PK = AGENCY#a, SK = RATINGS#year                                      |
 * | 12 | employee code uniqueness                                | table | PK = EMPLOYEE_CODE#code, SK = #META                                   |
 * | 13 | idempotency record of a caller's key                    | table | PK = IDEMPOTENCY#sub#key, SK = #META                                  |
 */

import { foldName } from '../../domain/names';

export const META = '#META';

export const keys = {
  unit: (id: string) => ({ PK: `UNIT#${id}`, SK: META }),
  unitsIndex: (id: string) => ({ GSI1PK: 'UNITS', GSI1SK: id }),

  position: (id: string) => ({ PK: `POSITION#${id}`, SK: META }),
  positionsIndex: (agencyId: string, unitId: string, id: string) => ({
    GSI1PK: `AGENCY#${agencyId}#POSITIONS`,
    GSI1SK: `${unitId}#${id}`,
  }),
  positionsPartition: (agencyId: string) => `AGENCY#${agencyId}#POSITIONS`,

  officialPK: (id: string) => `OFFICIAL#${id}`,
  official: (id: string) => ({ PK: `OFFICIAL#${id}`, SK: META }),
  officialsIndex: (agencyId: string, fullName: string, id: string) => ({
    GSI1PK: `AGENCY#${agencyId}#OFFICIALS`,
    GSI1SK: `${foldName(fullName)}#${id}`,
  }),
  officialsPartition: (agencyId: string) => `AGENCY#${agencyId}#OFFICIALS`,

  status: (officialId: string) => ({ PK: `OFFICIAL#${officialId}`, SK: 'STATUS' }),
  dueIndex: (agencyId: string, dueDate: string, officialId: string) => ({
    GSI2PK: `AGENCY#${agencyId}#DUE`,
    GSI2SK: `${dueDate}#${officialId}`,
  }),
  duePartition: (agencyId: string) => `AGENCY#${agencyId}#DUE`,
  /** Upper bound for `GSI2SK <= :bound`: every official due on that date sorts before `~`. */
  dueBound: (date: string) => `${date}#~`,
  unsatisfactoryIndex: (agencyId: string, latestYear: number, officialId: string) => ({
    GSI3PK: `AGENCY#${agencyId}#UNSATISFACTORY`,
    GSI3SK: `${latestYear}#${officialId}`,
  }),
  unsatisfactoryPartition: (agencyId: string) => `AGENCY#${agencyId}#UNSATISFACTORY`,

  assignment: (officialId: string, id: string) => ({ PK: `OFFICIAL#${officialId}`, SK: `ASSIGNMENT#${id}` }),
  circumstance: (officialId: string, id: string) => ({ PK: `OFFICIAL#${officialId}`, SK: `CIRCUMSTANCE#${id}` }),
  assessment: (officialId: string, period: string) => ({ PK: `OFFICIAL#${officialId}`, SK: `ASSESSMENT#${period}` }),

  audit: (entityId: string, at: string, id: string) => ({ PK: `AUDIT#${entityId}`, SK: `${at}#${id}` }),
  auditPK: (entityId: string) => `AUDIT#${entityId}`,
  auditParentIndex: (parentId: string, at: string, id: string) => ({
    GSI3PK: `AUDIT_PARENT#${parentId}`,
    GSI3SK: `${at}#${id}`,
  }),
  auditParentPartition: (parentId: string) => `AUDIT_PARENT#${parentId}`,

  ratingCounts: (agencyId: string, year: number) => ({ PK: `AGENCY#${agencyId}`, SK: `RATINGS#${year}` }),
  employeeCode: (code: string) => ({ PK: `EMPLOYEE_CODE#${code}`, SK: META }),
  /** `key` is namespaced by the caller: `sub#Idempotency-Key`, so two users' keys never collide. */
  idempotency: (key: string) => ({ PK: `IDEMPOTENCY#${key}`, SK: META }),
};
