// KvStore contract tests, run against both implementations; RocksDB also across reopen.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "storage/kv_store.h"

namespace ddn::storage {
namespace {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("ddn_kv_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::remove_all(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

class KvStoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      auto store = OpenRocksDbStore(dir_.path());
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      store_ = std::move(store).value();
    } else {
      store_ = NewMemKvStore();
    }
  }
  std::vector<std::string> Keys(std::string_view prefix, bool reverse) {
    std::vector<std::string> keys;
    EXPECT_TRUE(store_->Scan(prefix, reverse, [&](std::string_view k, std::string_view) {
                        keys.emplace_back(k);
                        return true;
                      }).ok());
    return keys;
  }

  TempDir dir_;
  std::unique_ptr<KvStore> store_;
};

TEST_P(KvStoreTest, PutGetDeleteInOneBatch) {
  WriteBatch b;
  b.Put("a", "1");
  b.Put("b", std::string("\0x", 2));
  b.Put("a", "2");  // later op wins
  b.Delete("zz");
  ASSERT_TRUE(store_->Write(b, true).ok());
  EXPECT_EQ(store_->Get("a")->value_or(""), "2");
  EXPECT_EQ(store_->Get("b")->value_or(""), std::string("\0x", 2));
  EXPECT_FALSE(store_->Get("zz")->has_value());
  WriteBatch d;
  d.Delete("a");
  ASSERT_TRUE(store_->Write(d, false).ok());
  EXPECT_FALSE(store_->Get("a")->has_value());
}

TEST_P(KvStoreTest, ScanByPrefixBothDirections) {
  WriteBatch b;
  for (const char* k : {"p/1", "p/2", "p/3", "q/1", "o/9"}) b.Put(k, "v");
  b.Put(std::string("p\xff\xff", 3), "edge");
  b.Put(std::string("p\xff", 2), "edge");
  ASSERT_TRUE(store_->Write(b, true).ok());
  EXPECT_EQ(Keys("p/", false), (std::vector<std::string>{"p/1", "p/2", "p/3"}));
  EXPECT_EQ(Keys("p/", true), (std::vector<std::string>{"p/3", "p/2", "p/1"}));
  EXPECT_EQ(Keys(std::string("p\xff", 2), true),
            (std::vector<std::string>{std::string("p\xff\xff", 3), std::string("p\xff", 2)}));
  EXPECT_TRUE(Keys("x/", true).empty());
  int visited = 0;
  ASSERT_TRUE(store_->Scan("p/", false, [&](std::string_view, std::string_view) {
                       return ++visited < 2;
                     }).ok());
  EXPECT_EQ(visited, 2);
}

INSTANTIATE_TEST_SUITE_P(Both, KvStoreTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "RocksDb" : "Memory"; });

TEST(RocksDbStore, SurvivesReopen) {
  TempDir dir;
  {
    auto store = OpenRocksDbStore(dir.path());
    ASSERT_TRUE(store.ok());
    WriteBatch b;
    b.Put("k", "v");
    ASSERT_TRUE((*store)->Write(b, true).ok());
  }
  auto store = OpenRocksDbStore(dir.path());
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Get("k")->value_or(""), "v");
}

TEST(RocksDbStore, OpenFailureIsAnError) {
  auto store = OpenRocksDbStore("/proc/definitely/not/writable");
  EXPECT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), util::ErrorCode::kIoError);
}

}  // namespace
}  // namespace ddn::storage
