// The pool journal on a real store: replay order, removal, re-addition, compaction (also with
// records queued behind it, and by what the pool holds), and skipping of a corrupt record.
#include <gtest/gtest.h>

#include "kernel/pool_journal.h"
#include "state/keys.h"
#include "util/bytes.h"

namespace ddn::kernel {
namespace {

std::string IdOf(uint64_t n) {
  std::array<uint8_t, 32> id{};
  for (int i = 0; i < 8; ++i) id[31 - i] = static_cast<uint8_t>(n >> (8 * i));
  return util::ToHex(id);
}

JournalEntry Entry(uint64_t n, std::string content = "tx") {
  return {IdOf(n), static_cast<uint32_t>(1000 + n), content + std::to_string(n)};
}

std::vector<std::string> Ids(const std::vector<JournalEntry>& entries) {
  std::vector<std::string> ids;
  for (const auto& e : entries) ids.push_back(e.id);
  return ids;
}

size_t RecordCount(const state::StateDb& db) {
  size_t n = 0;
  EXPECT_TRUE(db.Scan("p", false, [&](std::string_view, std::string_view) {
    ++n;
    return true;
  }).ok());
  return n;
}

TEST(PoolJournal, ReplaysAddsAndRemovesInOrder) {
  state::StateDb db(storage::NewMemKvStore());
  {
    PoolJournal journal(db);
    ASSERT_TRUE(journal.Load().ok());
    ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(1), Entry(2), Entry(3)}, 3)).ok());
    ASSERT_TRUE(journal.Write(journal.Record({IdOf(2)}, {Entry(4)}, 3)).ok());
    // An entry written again (a co-signature added) keeps its place with the new content.
    ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(1, "signed")}, 3)).ok());
    EXPECT_TRUE(journal.Write(journal.Record({}, {}, 3)).ok());
    // One key per removal and one per addition, however many transactions each holds.
    EXPECT_EQ(RecordCount(db), 4u);
  }
  PoolJournal reopened(db);
  auto loaded = reopened.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(Ids(loaded->entries), (std::vector<std::string>{IdOf(1), IdOf(3), IdOf(4)}));
  EXPECT_EQ(loaded->entries[0].entry, "signed1");
  EXPECT_EQ(loaded->entries[0].received, 1001u);
  // New records continue after the replayed ones.
  ASSERT_TRUE(reopened.Write(reopened.Record({IdOf(3)}, {}, 2)).ok());
  PoolJournal again(db);
  EXPECT_EQ(Ids(again.Load()->entries), (std::vector<std::string>{IdOf(1), IdOf(4)}));
}

TEST(PoolJournal, CompactsWhenMostEntriesAreGoneEvenWithRecordsQueuedBehind) {
  state::StateDb db(storage::NewMemKvStore());
  PoolJournal journal(db);
  ASSERT_TRUE(journal.Load().ok());
  std::vector<JournalEntry> many;
  std::vector<std::string> gone;
  for (uint64_t i = 0; i < 30'000; ++i) many.push_back(Entry(i));
  for (uint64_t i = 0; i < 29'990; ++i) gone.push_back(IdOf(i));
  ASSERT_TRUE(journal.Write(journal.Record({}, many, 30'000)).ok());
  // Two changes recorded in order; the second is still queued when the first is written and
  // triggers the compaction.
  const storage::WriteBatch removal = journal.Record(gone, {}, 10);
  const storage::WriteBatch later = journal.Record({IdOf(29'995)}, {Entry(50'000)}, 10);
  ASSERT_TRUE(journal.Write(removal).ok());
  EXPECT_EQ(RecordCount(db), 1u);
  EXPECT_EQ(journal.held(), 12u);  // the 10 left, and the 2 entries of the queued record
  ASSERT_TRUE(journal.Write(later).ok());
  PoolJournal reopened(db);
  auto loaded = reopened.Load();
  ASSERT_TRUE(loaded.ok());
  std::vector<std::string> expected;
  for (uint64_t i = 29'990; i < 30'000; ++i) {
    if (i != 29'995) expected.push_back(IdOf(i));
  }
  expected.push_back(IdOf(50'000));
  EXPECT_EQ(Ids(loaded->entries), expected);
}

// The decision to compact follows what the pool holds, not a running estimate: removals of ids
// the journal no longer holds (a fork's returned transactions confirmed again) do not make it
// rewrite the pool at every change, and updates of one entry do not keep it from compacting.
TEST(PoolJournal, CompactsByWhatThePoolHolds) {
  state::StateDb db(storage::NewMemKvStore());
  PoolJournal journal(db);
  ASSERT_TRUE(journal.Load().ok());
  std::vector<JournalEntry> many;
  std::vector<std::string> strangers;
  for (uint64_t i = 0; i < 25'000; ++i) many.push_back(Entry(i));
  for (uint64_t i = 100'000; i < 130'000; ++i) strangers.push_back(IdOf(i));
  ASSERT_TRUE(journal.Write(journal.Record({}, many, 25'000)).ok());
  ASSERT_TRUE(journal.Write(journal.Record(strangers, {}, 25'000)).ok());
  EXPECT_EQ(journal.alive(), 25'000u);
  EXPECT_EQ(RecordCount(db), 2u);  // 55,000 held < 2 × 25,000 + 20,000: no rewrite
  ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(25'000)}, 25'001)).ok());
  EXPECT_EQ(RecordCount(db), 3u);
  // One entry updated again and again: the records grow until they are compacted.
  for (int i = 0; i < 30; ++i) {
    std::vector<JournalEntry> update;
    for (uint64_t k = 0; k < 1000; ++k) update.push_back(Entry(k, "v" + std::to_string(i)));
    ASSERT_TRUE(journal.Write(journal.Record({}, update, 25'001)).ok());
  }
  EXPECT_LT(RecordCount(db), 30u);
  PoolJournal reopened(db);
  auto loaded = reopened.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->entries.size(), 25'001u);
  EXPECT_EQ(loaded->entries.front().entry, "v290");
}

TEST(PoolJournal, ReplaceKeepsExactlyTheGivenEntries) {
  state::StateDb db(storage::NewMemKvStore());
  PoolJournal journal(db);
  ASSERT_TRUE(journal.Load().ok());
  ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(1), Entry(2)}, 2)).ok());
  ASSERT_TRUE(journal.Write(journal.Record({IdOf(1)}, {Entry(3)}, 2)).ok());
  ASSERT_TRUE(journal.Replace({Entry(3)}).ok());
  EXPECT_EQ(RecordCount(db), 1u);
  ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(4)}, 2)).ok());
  PoolJournal reopened(db);
  EXPECT_EQ(Ids(reopened.Load()->entries), (std::vector<std::string>{IdOf(3), IdOf(4)}));
  ASSERT_TRUE(reopened.Replace({}).ok());
  EXPECT_EQ(RecordCount(db), 0u);
}

TEST(PoolJournal, ACorruptRecordIsSkippedAndCounted) {
  state::StateDb db(storage::NewMemKvStore());
  {
    PoolJournal journal(db);
    ASSERT_TRUE(journal.Load().ok());
    ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(1), Entry(2)}, 2)).ok());
  }
  storage::WriteBatch bad;
  bad.Put(state::keys::PoolRecord(2), std::string("\x02\x05", 2));  // five removals announced, none there
  bad.Put(state::keys::PoolRecord(3), std::string("\x07\x00", 2));  // an unknown kind
  ASSERT_TRUE(db.WriteAux(bad).ok());
  PoolJournal journal(db);
  auto loaded = journal.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(Ids(loaded->entries), (std::vector<std::string>{IdOf(1), IdOf(2)}));
  EXPECT_EQ(loaded->corrupt_records, 2u);
  EXPECT_FALSE(loaded->first_problem.empty());
  // Numbering continues after the last record, bad ones included.
  ASSERT_TRUE(journal.Write(journal.Record({IdOf(1)}, {}, 1)).ok());
  PoolJournal again(db);
  EXPECT_EQ(Ids(again.Load()->entries), (std::vector<std::string>{IdOf(2)}));
}

}  // namespace
}  // namespace ddn::kernel
