// PoolJournal: the transaction pool's copy in the store, so that accepted transactions survive a
// restart (even kill -9). It is a journal of records under keys "p" + sequence number (8 bytes
// big-endian), each written as one store key however many transactions it holds:
//   added   (u8 1): varint n, then n × (id 32 bytes, received u32le, varint length, payload entry)
//   removed (u8 2): varint n, then n × id (32 bytes)
// Replaying the records in sequence order gives the pool's entries. Once the records hold many
// more entries than are still alive, Write rewrites them as one "added" record in one batch, so
// a crash leaves either the old records or the new one.
// (Before, each pool entry was its own key, written and deleted again: two store keys per
// transaction on the hot path.)
// Thread safety: Record may be called concurrently with Write; Record calls must come in the
// order of the pool changes they describe (the caller's lock) and Write calls in the order of
// their Record calls (ChainService's persistence queue). Load and Replace before either is used.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "state/state_db.h"
#include "storage/kv_store.h"
#include "util/status.h"

namespace ddn::kernel {

struct JournalEntry {
  std::string id;     // transaction id, 64 lowercase hex characters
  uint32_t received = 0;
  std::string entry;  // the transaction as a block payload entry (block::EncodeTxEntry)
};

class PoolJournal {
 public:
  struct Loaded {
    std::vector<JournalEntry> entries;
    uint64_t corrupt_records = 0;  // records that did not decode, skipped (a bug: reported)
    std::string first_problem;
  };

  explicit PoolJournal(state::StateDb& db) : db_(db) {}

  // The entries the records hold, in order of first addition (an id added again keeps its place
  // and takes the newer content; a removed id is gone). A record that does not decode is skipped
  // and counted, so that one bad record never keeps the node from starting. Errors: IO_ERROR.
  util::Result<Loaded> Load();
  // Replaces every record by one holding exactly `entries` (one write).
  util::Status Replace(const std::vector<JournalEntry>& entries);
  // The records for a change of the pool: `removed` ids, then `added` entries (empty batch when
  // both are empty); `alive` is the number of entries the pool holds after the change (what a
  // replay of every record so far yields).
  storage::WriteBatch Record(const std::vector<std::string>& removed,
                             const std::vector<JournalEntry>& added, uint64_t alive);
  // Writes a batch from Record, then compacts when the records hold over twice as many
  // entries as are alive (plus some slack, so a small pool is not rewritten at every change).
  util::Status Write(const storage::WriteBatch& batch);

  // Entries in the records, and how many of them are alive (as Record was told).
  uint64_t held() const;
  uint64_t alive() const;

 private:
  struct Replayed {
    std::vector<JournalEntry> alive;
    uint64_t held = 0;      // entries in the replayed records
    uint64_t last_seq = 0;  // the last replayed record's sequence number
    uint64_t corrupt = 0;   // records skipped because they do not decode
    std::string first_problem;
  };
  // Replays the records up to sequence number `upto`; adds a delete of each to `deletes`.
  util::Result<Replayed> Replay(uint64_t upto, storage::WriteBatch* deletes) const;
  util::Status Compact();

  state::StateDb& db_;
  mutable std::mutex mu_;   // guards the counters below
  uint64_t next_seq_ = 1;   // the next record's sequence number
  uint64_t written_seq_ = 0;  // the highest sequence number written
  uint64_t held_ = 0;
  uint64_t alive_ = 0;
};

}  // namespace ddn::kernel
