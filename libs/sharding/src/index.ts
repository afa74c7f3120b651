export { pickShard, rankShards } from './rendezvous-hash';
export type { ShardCandidate } from './rendezvous-hash';
