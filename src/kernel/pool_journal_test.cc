// The pool journal on a real store: replay order, removal, re-addition, compaction (also with
// records queued behind it), and refusal of a corrupt record.
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
    ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(1), Entry(2), Entry(3)})).ok());
    ASSERT_TRUE(journal.Write(journal.Record({IdOf(2)}, {Entry(4)})).ok());
    // An entry written again (a co-signature added) keeps its place with the new content.
    ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(1, "signed")})).ok());
    EXPECT_TRUE(journal.Write(journal.Record({}, {})).ok());
    // One key per removal and one per addition, however many transactions each holds.
    EXPECT_EQ(RecordCount(db), 4u);
  }
  PoolJournal reopened(db);
  auto loaded = reopened.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(Ids(*loaded), (std::vector<std::string>{IdOf(1), IdOf(3), IdOf(4)}));
  EXPECT_EQ((*loaded)[0].entry, "signed1");
  EXPECT_EQ((*loaded)[0].received, 1001u);
  // New records continue after the replayed ones.
  ASSERT_TRUE(reopened.Write(reopened.Record({IdOf(3)}, {})).ok());
  PoolJournal again(db);
  EXPECT_EQ(Ids(*again.Load()), (std::vector<std::string>{IdOf(1), IdOf(4)}));
}

TEST(PoolJournal, CompactsWhenMostEntriesAreGoneEvenWithRecordsQueuedBehind) {
  state::StateDb db(storage::NewMemKvStore());
  PoolJournal journal(db);
  ASSERT_TRUE(journal.Load().ok());
  std::vector<JournalEntry> many;
  std::vector<std::string> gone;
  for (uint64_t i = 0; i < 30'000; ++i) many.push_back(Entry(i));
  for (uint64_t i = 0; i < 29'990; ++i) gone.push_back(IdOf(i));
  ASSERT_TRUE(journal.Write(journal.Record({}, many)).ok());
  // Two changes recorded in order; the second is still queued when the first is written and
  // triggers the compaction.
  const storage::WriteBatch removal = journal.Record(gone, {});
  const storage::WriteBatch later = journal.Record({IdOf(29'995)}, {Entry(50'000)});
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
  EXPECT_EQ(Ids(*loaded), expected);
}

TEST(PoolJournal, ReplaceKeepsExactlyTheGivenEntries) {
  state::StateDb db(storage::NewMemKvStore());
  PoolJournal journal(db);
  ASSERT_TRUE(journal.Load().ok());
  ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(1), Entry(2)})).ok());
  ASSERT_TRUE(journal.Write(journal.Record({IdOf(1)}, {Entry(3)})).ok());
  ASSERT_TRUE(journal.Replace({Entry(3)}).ok());
  EXPECT_EQ(RecordCount(db), 1u);
  ASSERT_TRUE(journal.Write(journal.Record({}, {Entry(4)})).ok());
  PoolJournal reopened(db);
  EXPECT_EQ(Ids(*reopened.Load()), (std::vector<std::string>{IdOf(3), IdOf(4)}));
  ASSERT_TRUE(reopened.Replace({}).ok());
  EXPECT_EQ(RecordCount(db), 0u);
}

TEST(PoolJournal, ACorruptRecordIsAnError) {
  state::StateDb db(storage::NewMemKvStore());
  storage::WriteBatch bad;
  bad.Put(state::keys::PoolRecord(1), std::string("\x01\x05", 2));  // five entries announced, none there
  ASSERT_TRUE(db.WriteAux(bad).ok());
  PoolJournal journal(db);
  EXPECT_EQ(journal.Load().status().code(), util::ErrorCode::kInternal);
  storage::WriteBatch unknown;
  unknown.Put(state::keys::PoolRecord(1), std::string("\x07\x00", 2));
  ASSERT_TRUE(db.WriteAux(unknown).ok());
  EXPECT_EQ(journal.Load().status().code(), util::ErrorCode::kInternal);
}

}  // namespace
}  // namespace ddn::kernel
