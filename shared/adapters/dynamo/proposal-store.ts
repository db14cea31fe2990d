/**
 * Proposals (access patterns 17, 18): the header (PROPOSAL#id / #META), its items, and the unarranged and exempt
 * lists, in one partition. A new proposal's children are written first and its header last, in a transaction with
 * its audit record: a reader finds a proposal only once it is whole (children without a header are never read).
 * Later changes are transactions guarded by the header's version and each item's own.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Proposal, ProposalHeader, ProposalItem } from '../../domain/proposal';
import type {
  AggregateWrite,
  AuditRecord,
  HolderDelta,
  IdempotentResponse,
  ListQuery,
  Page,
  ProposalStore,
} from '../../ports';
import { ExemptItem, ProposalHeaderItem, ProposalItemItem, UnarrangedItem } from './item-schemas';
import { keys, META, PROPOSAL_PREFIX } from './keys';
import { aggregateEntries, holderEntry } from './official-store';
import { listAcrossAgencies } from './paging';
import { TABLE } from './table';
import { fromItem, guard, toItem, type Entry, type Item, type TableClient } from './table-client';

const PK = TABLE.partitionKey;
const SK = TABLE.sortKey;
/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;

export class DynamoProposalStore implements ProposalStore {
  constructor(private readonly table: TableClient) {}

  async create(proposal: Proposal, options: { audit: AuditRecord; idempotency?: IdempotentResponse }): Promise<void> {
    const { items, unarranged, exempt, ...header } = proposal;
    const children: Item[] = [
      ...items.map((item) => toItem('ProposalItem', item, keys.proposalItem(header.id, item.itemId))),
      ...unarranged.map((entry) => toItem('ProposalUnarranged', entry, keys.proposalUnarranged(header.id, entry.officialId))),
      ...exempt.map((entry) => toItem('ProposalExempt', entry, keys.proposalExempt(header.id, entry.officialId))),
    ];
    for (let i = 0; i < children.length; i += BATCH) await this.batchPut(children.slice(i, i + BATCH));
    const put: Entry = {
      label: 'PROPOSAL_EXISTS',
      item: { Put: { TableName: this.table.tableName, Item: headerItem(header), ...guard(true, undefined) } },
    };
    await this.table.transact([put, ...this.table.auditPut(options.audit)], options.idempotency);
  }

  async get(id: string): Promise<Proposal | undefined> {
    const items = await this.table.queryAll({
      KeyConditionExpression: `${PK} = :pk`,
      ExpressionAttributeValues: { ':pk': keys.proposalPK(id) },
      ConsistentRead: true,
    });
    const header = items.find((i) => i[SK] === META);
    if (!header) return undefined;
    const children = (prefix: string) => items.filter((i) => String(i[SK]).startsWith(prefix));
    return {
      ...fromItem(ProposalHeaderItem, header),
      items: children(PROPOSAL_PREFIX.item).map((i) => fromItem(ProposalItemItem, i)),
      unarranged: children(PROPOSAL_PREFIX.unarranged).map((i) => fromItem(UnarrangedItem, i)),
      exempt: children(PROPOSAL_PREFIX.exempt).map((i) => fromItem(ExemptItem, i)),
    };
  }

  async list(query: ListQuery<ProposalHeader> & { status?: string }): Promise<Page<ProposalHeader>> {
    // Newest first within a status would need a reversed scan per status; the list is small per agency, so it is
    // read in key order (status, then creation) and filtered.
    return listAcrossAgencies(
      this.table,
      ProposalHeaderItem,
      { ...query, keep: (h) => (!query.status || h.status === query.status) && query.keep(h) },
      keys.proposalsPartition,
    );
  }

  async update(
    header: ProposalHeader,
    items: ProposalItem[],
    options: { expectedVersion: number; audit: AuditRecord[]; idempotency?: IdempotentResponse },
  ): Promise<void> {
    const entries: Entry[] = [
      {
        label: 'STALE_VERSION',
        item: { Put: { TableName: this.table.tableName, Item: headerItem(header), ...guard(false, options.expectedVersion) } },
      },
      ...items.map((item) => this.itemPut(header.id, item)),
      ...options.audit.flatMap((a) => this.table.auditPut(a)),
    ];
    await this.table.transact(entries, options.idempotency);
  }

  async applyGroup(input: {
    proposalId: string;
    items: ProposalItem[];
    writes: AggregateWrite[];
    holders: HolderDelta[];
    audit: AuditRecord[];
  }): Promise<void> {
    const { proposalId } = input;
    const entries: Entry[] = [
      // Several officials of one unit or post check it: the transaction folds those into one (mergeChecks).
      ...input.writes.flatMap((write) => aggregateEntries(this.table, { ...write, holders: [] })),
      ...input.holders.map((h) => holderEntry(this.table.tableName, h)),
      ...input.items.map((item) => this.itemPut(proposalId, item)),
      ...input.audit.flatMap((a) => this.table.auditPut(a)),
    ];
    await this.table.transact(entries);
  }

  /** An item replaced only at the version read (its version minus one). */
  private itemPut(proposalId: string, item: ProposalItem): Entry {
    return {
      label: 'STALE_VERSION',
      item: {
        Put: {
          TableName: this.table.tableName,
          Item: toItem('ProposalItem', item, keys.proposalItem(proposalId, item.itemId)),
          ...guard(false, item.version - 1),
        },
      },
    };
  }

  private async batchPut(items: Item[]): Promise<void> {
    let request = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; request.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await this.table.doc.send(new BatchWriteCommand({ RequestItems: { [this.table.tableName]: request } }));
      request = (out.UnprocessedItems?.[this.table.tableName] ?? []) as typeof request;
    }
  }
}

function headerItem(header: ProposalHeader): Item {
  return toItem('Proposal', header, {
    ...keys.proposal(header.id),
    ...keys.proposalsIndex(header.agencyId, header.status, header.createdAt, header.id),
  });
}
