// ProgramStore: programs and run state in one SQLite file.
#include "evolve/database/program_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <set>

#include "database_test_support.h"

namespace tv::evolve {
namespace {

using StoreTest = testing::ScratchDirTest;

ProgramRecord MakeRecord(const std::string& code, double score = 1.5) {
  ProgramRecord p;
  p.parent_id = 3;
  p.second_parent_id = 2;
  p.iteration = 7;
  p.generation = 4;
  p.island = 1;
  p.code = code;
  p.code_hash = CodeHash(code);
  p.mutation = "offline:literals";
  p.change_summary = "kc 256 -> 384";
  p.outcome = "ok";
  p.score = score;
  p.metrics_json = R"({"combined_score": 1.5, "note": "it's \"quoted\"; DROP TABLE programs;"})";
  p.created_at = 1700000000.25;
  p.eval_seconds = 3.5;
  p.prompt_tokens = 1200;
  p.completion_tokens = 300;
  p.cost_usd = 0.0125;
  return p;
}

void ExpectSameRecord(const ProgramRecord& a, const ProgramRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.parent_id, b.parent_id);
  EXPECT_EQ(a.second_parent_id, b.second_parent_id);
  EXPECT_EQ(a.iteration, b.iteration);
  EXPECT_EQ(a.generation, b.generation);
  EXPECT_EQ(a.island, b.island);
  EXPECT_EQ(a.code, b.code);
  EXPECT_EQ(a.code_hash, b.code_hash);
  EXPECT_EQ(a.mutation, b.mutation);
  EXPECT_EQ(a.change_summary, b.change_summary);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.metrics_json, b.metrics_json);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.eval_seconds, b.eval_seconds);
  EXPECT_EQ(a.prompt_tokens, b.prompt_tokens);
  EXPECT_EQ(a.completion_tokens, b.completion_tokens);
  EXPECT_EQ(a.cost_usd, b.cost_usd);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST_F(StoreTest, CommitIsSeenByANewConnectionWithItsRunState) {
  const std::string path = Path("evolution.sqlite");
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, /*create=*/true);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->path(), path);
  EXPECT_EQ(*(*store)->LoadRunState(), "");
  EXPECT_EQ(*(*store)->Count(), 0);

  ProgramRecord first = MakeRecord("int main() { return 0; }\n");
  Result<int64_t> id = (*store)->Commit(first, R"({"iteration": 1})");
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(*id, 1);
  EXPECT_EQ(first.id, 1);
  ProgramRecord second = MakeRecord("int main() { return 1; }\n", 2.5);
  EXPECT_EQ(*(*store)->Commit(second, R"({"iteration": 2})"), 2);

  // A second connection while the first is still open (WAL), then after it closed.
  for (int round = 0; round < 2; ++round) {
    if (round == 1) store->reset();
    Result<std::unique_ptr<ProgramStore>> other = ProgramStore::Open(path, /*create=*/false);
    ASSERT_TRUE(other.ok()) << other.status().message();
    EXPECT_EQ(*(*other)->LoadRunState(), R"({"iteration": 2})");
    EXPECT_EQ(*(*other)->Count(), 2);
    Result<std::optional<ProgramRecord>> got = (*other)->Get(2);
    ASSERT_TRUE(got.ok() && got->has_value());
    ExpectSameRecord(**got, second);
    Result<std::vector<ProgramRecord>> all = (*other)->All();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    ExpectSameRecord((*all)[0], first);
    ExpectSameRecord((*all)[1], second);
  }
}

TEST_F(StoreTest, GetFindByHashAndMeta) {
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(Path("db.sqlite"), true);
  ASSERT_TRUE(store.ok()) << store.status().message();
  ProgramStore& db = **store;
  ProgramRecord a = MakeRecord("A"), b = MakeRecord("B"), a_again = MakeRecord("A");
  ASSERT_TRUE(db.Commit(a, "{}").ok());
  ASSERT_TRUE(db.Commit(b, "{}").ok());
  ASSERT_TRUE(db.Commit(a_again, "{}").ok());

  EXPECT_FALSE(db.Get(99)->has_value());
  Result<std::optional<ProgramRecord>> found = db.FindByHash(CodeHash("A"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, 1) << "the first program with that hash";
  EXPECT_EQ((*db.FindByHash(CodeHash("B")))->id, 2);
  EXPECT_FALSE(db.FindByHash(CodeHash("C"))->has_value());

  EXPECT_EQ(*db.GetMeta("schema_version"), std::optional<std::string>("1"));
  EXPECT_TRUE(db.GetMeta("created_at")->has_value());
  EXPECT_FALSE(db.GetMeta("initial_program_hash")->has_value());
  ASSERT_TRUE(db.SetMeta("initial_program_hash", CodeHash("A")).ok());
  ASSERT_TRUE(db.SetMeta("initial_program_hash", CodeHash("B")).ok());
  EXPECT_EQ(*db.GetMeta("initial_program_hash"), std::optional<std::string>(CodeHash("B")));
  EXPECT_FALSE(db.SetMeta("schema_version", "2").ok());

  ASSERT_TRUE(db.SaveRunState(R"({"migrated": true})").ok());
  EXPECT_EQ(*db.LoadRunState(), R"({"migrated": true})");
  EXPECT_EQ(*db.Count(), 3);
}

TEST_F(StoreTest, NaNScoreRoundTrips) {
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(Path("db.sqlite"), true);
  ASSERT_TRUE(store.ok());
  ProgramRecord p = MakeRecord("x", std::nan(""));
  ASSERT_TRUE((*store)->Commit(p, "{}").ok());
  EXPECT_TRUE(std::isnan((*(*store)->Get(1))->score));
}

TEST_F(StoreTest, MissingFileWithoutCreateIsNotFoundNamingIt) {
  const std::string path = Path("nothing_here.sqlite");
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, /*create=*/false);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_NE(store.status().message().find(path), std::string::npos) << store.status().message();
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing created";
}

TEST_F(StoreTest, MissingDirectoryIsAClearError) {
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(Path("no/such/dir/db.sqlite"), true);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("no/such/dir/db.sqlite"), std::string::npos);
}

TEST_F(StoreTest, GarbageFileIsRefusedAndLeftUntouched) {
  for (const bool create : {false, true}) {
    const std::string path = Path(create ? "garbage_create.sqlite" : "garbage.sqlite");
    const std::string garbage = std::string("this is not a database\n") + std::string(5000, 'x');
    std::ofstream(path, std::ios::binary) << garbage;
    Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, create);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(store.status().message().find(path), std::string::npos) << store.status().message();
    EXPECT_NE(store.status().message().find("not a tilevolve run database"), std::string::npos)
        << store.status().message();
    EXPECT_EQ(ReadBytes(path), garbage);
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  }
}

TEST_F(StoreTest, EmptyFileWithoutCreateIsRefused) {
  const std::string path = Path("empty.sqlite");
  std::ofstream(path).close();
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, /*create=*/false);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("empty"), std::string::npos) << store.status().message();
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
}

// Writes an SQLite database with `sql` run in it, outside ProgramStore.
void WriteForeignDatabase(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST_F(StoreTest, AnotherSchemaVersionIsRefusedAndLeftUntouched) {
  const std::string path = Path("future.sqlite");
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, true);
  ASSERT_TRUE(store.ok());
  store->reset();
  WriteForeignDatabase(
      path, "PRAGMA journal_mode = DELETE; UPDATE meta SET value = '2' WHERE key = 'schema_version';");
  const std::string before = ReadBytes(path);
  for (const bool create : {false, true}) {
    store = ProgramStore::Open(path, create);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(store.status().message().find("schema version 2"), std::string::npos)
        << store.status().message();
    EXPECT_NE(store.status().message().find(path), std::string::npos);
    EXPECT_EQ(ReadBytes(path), before);
  }
}

TEST_F(StoreTest, AnotherProgramsDatabaseIsRefusedAndLeftUntouched) {
  const std::string path = Path("other.sqlite");
  WriteForeignDatabase(path, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');");
  const std::string before = ReadBytes(path);
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, true);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not a tilevolve run database"), std::string::npos)
      << store.status().message();
  EXPECT_EQ(ReadBytes(path), before);

  const std::string odd_meta = Path("odd_meta.sqlite");
  WriteForeignDatabase(odd_meta,
                       "CREATE TABLE meta (a, b); CREATE TABLE programs (x); CREATE TABLE run_state (y);");
  store = ProgramStore::Open(odd_meta, false);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not a tilevolve run database"), std::string::npos)
      << store.status().message();
}

TEST_F(StoreTest, DamagedDatabaseIsRefused) {
  const std::string path = Path("damaged.sqlite");
  {
    Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, true);
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 200; ++i) {
      ProgramRecord p = MakeRecord(std::string(2000, static_cast<char>('a' + i % 26)) + std::to_string(i));
      ASSERT_TRUE((*store)->Commit(p, "{}").ok());
    }
  }
  WriteForeignDatabase(path, "PRAGMA journal_mode = DELETE;");  // fold the WAL into the file
  std::string bytes = ReadBytes(path);
  ASSERT_GT(bytes.size(), 40000u);
  for (size_t i = 20000; i < 24000; ++i) bytes[i] = static_cast<char>(0xA5);  // scribble over a few pages
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, false);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("damaged"), std::string::npos) << store.status().message();
  EXPECT_EQ(ReadBytes(path), bytes);
}

TEST(CodeHashTest, Is128BitHexAndStable) {
  const std::string hash = CodeHash("int x = 1;");
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(CodeHash("int x = 1;"), hash);
  EXPECT_EQ(CodeHash(""), CodeHash(std::string()));
  // Pinned: stored hashes must not change between builds.
  EXPECT_EQ(CodeHash(""), "f52a15e9a9b5e89be220a8397b1dcdaf");
  EXPECT_EQ(CodeHash("int x = 1;"), "867df6e36460f13b525225a14e6bf3ae");
  std::set<std::string> hashes;
  for (int i = 0; i < 5000; ++i) hashes.insert(CodeHash("kc = " + std::to_string(i) + ";"));
  hashes.insert(CodeHash("ab"));
  hashes.insert(CodeHash("ba"));
  hashes.insert(CodeHash(std::string(1, '\0')));
  hashes.insert(CodeHash(std::string(2, '\0')));
  EXPECT_EQ(hashes.size(), 5004u);
}

}  // namespace
}  // namespace tv::evolve
