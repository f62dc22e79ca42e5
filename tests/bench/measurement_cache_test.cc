#include "bench/measurement_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

namespace tv::bench {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed (with everything in it) at the end.
class MeasurementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tv_measurement_cache_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "mkdtemp failed for " << pattern;
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  std::string CachePath() const { return (dir_ / "measurements.sqlite").string(); }

  std::unique_ptr<MeasurementCache> OpenOrFail(const std::string& path) {
    auto cache = MeasurementCache::Open(path);
    EXPECT_TRUE(cache.ok()) << cache.status().message();
    return cache.ok() ? std::move(cache).value() : nullptr;
  }

  fs::path dir_;
};

tv_tile_config Tiles(int32_t base) {
  tv_tile_config t{};
  t.mc = base + 1;
  t.nc = base + 2;
  t.kc = base + 3;
  t.mr = base + 4;
  t.nr = base + 5;
  t.threads = base + 6;
  t.parallel = TV_PARALLEL_M;
  t.pack_a = TV_PACK_ON;
  t.pack_b = TV_PACK_OFF;
  t.path = TV_PATH_BLOCKED;
  return t;
}

MeasurementKey Key() {
  MeasurementKey key;
  key.fingerprint = "x86-zen5-48k-1m-32m";
  key.kernel_build = "build-aaaa";
  key.backend = "cpu";
  key.threads = 2;
  key.m = 512;
  key.n = 4096;
  key.k = 4096;
  key.tiles = Tiles(100);
  return key;
}

Measurement Value() {
  Measurement m;
  m.reps = 7;
  m.median_seconds = 0.0125;
  m.spread = 0.031;
  m.speedup_vs_baseline = 1.73;
  m.speedup_spread = 0.02;
  m.baseline_tiles = Tiles(200);
  m.error = "";
  m.measured_at = 1767225600;
  return m;
}

void ExpectSameTiles(const tv_tile_config& a, const tv_tile_config& b) {
  EXPECT_EQ(std::memcmp(&a, &b, sizeof(a)), 0);
}

void ExpectSameMeasurement(const Measurement& a, const Measurement& b) {
  EXPECT_EQ(a.reps, b.reps);
  EXPECT_DOUBLE_EQ(a.median_seconds, b.median_seconds);
  EXPECT_DOUBLE_EQ(a.spread, b.spread);
  EXPECT_DOUBLE_EQ(a.speedup_vs_baseline, b.speedup_vs_baseline);
  EXPECT_DOUBLE_EQ(a.speedup_spread, b.speedup_spread);
  ExpectSameTiles(a.baseline_tiles, b.baseline_tiles);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.measured_at, b.measured_at);
}

TEST_F(MeasurementCacheTest, OpenCreatesTheParentDirectory) {
  const std::string path = (dir_ / "a" / "b" / "measurements.sqlite").string();
  auto cache = OpenOrFail(path);
  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(cache->path(), path);
  EXPECT_TRUE(fs::exists(path));
  auto count = cache->CountMeasurements();
  ASSERT_TRUE(count.ok()) << count.status().message();
  EXPECT_EQ(*count, 0);
}

TEST_F(MeasurementCacheTest, EveryFieldRoundTrips) {
  auto cache = OpenOrFail(CachePath());
  ASSERT_NE(cache, nullptr);
  Measurement value = Value();
  ASSERT_TRUE(cache->Store(Key(), value).ok());
  auto found = cache->Lookup(Key());
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  ExpectSameMeasurement(**found, value);

  // A failed correctness check: error text (quotes and newlines included), NaN figures.
  MeasurementKey failed_key = Key();
  failed_key.tiles.kc = 7;
  Measurement failed;
  failed.error = "max normalized error 3.2e-2 at (5, 17)\n'tiles' \"mc=...\"";
  failed.median_seconds = std::nan("");
  failed.speedup_vs_baseline = std::nan("");
  ASSERT_TRUE(cache->Store(failed_key, failed).ok());
  auto found_failed = cache->Lookup(failed_key);
  ASSERT_TRUE(found_failed.ok()) << found_failed.status().message();
  ASSERT_TRUE(found_failed->has_value());
  EXPECT_EQ((*found_failed)->error, failed.error);
  EXPECT_TRUE(std::isnan((*found_failed)->median_seconds));
  EXPECT_TRUE(std::isnan((*found_failed)->speedup_vs_baseline));
  EXPECT_EQ((*found_failed)->spread, 0.0);
}

TEST_F(MeasurementCacheTest, ADifferentValueOfAnyKeyFieldMisses) {
  auto cache = OpenOrFail(CachePath());
  ASSERT_NE(cache, nullptr);
  ASSERT_TRUE(cache->Store(Key(), Value()).ok());

  const std::vector<std::pair<const char*, std::function<void(MeasurementKey&)>>> changes = {
      {"fingerprint", [](MeasurementKey& k) { k.fingerprint += "x"; }},
      {"kernel_build", [](MeasurementKey& k) { k.kernel_build = "build-bbbb"; }},
      {"backend", [](MeasurementKey& k) { k.backend = "cuda"; }},
      {"threads", [](MeasurementKey& k) { k.threads = 1; }},
      {"m", [](MeasurementKey& k) { k.m += 1; }},
      {"n", [](MeasurementKey& k) { k.n += 1; }},
      {"k", [](MeasurementKey& k) { k.k += 1; }},
      {"mc", [](MeasurementKey& k) { k.tiles.mc += 1; }},
      {"nc", [](MeasurementKey& k) { k.tiles.nc += 1; }},
      {"kc", [](MeasurementKey& k) { k.tiles.kc += 1; }},
      {"mr", [](MeasurementKey& k) { k.tiles.mr += 1; }},
      {"nr", [](MeasurementKey& k) { k.tiles.nr += 1; }},
      {"tiles.threads", [](MeasurementKey& k) { k.tiles.threads += 1; }},
      {"parallel", [](MeasurementKey& k) { k.tiles.parallel = TV_PARALLEL_N; }},
      {"pack_a", [](MeasurementKey& k) { k.tiles.pack_a = TV_PACK_OFF; }},
      {"pack_b", [](MeasurementKey& k) { k.tiles.pack_b = TV_PACK_ON; }},
      {"path", [](MeasurementKey& k) { k.tiles.path = TV_PATH_SMALL_M; }},
  };
  for (const auto& [field, change] : changes) {
    MeasurementKey key = Key();
    change(key);
    auto found = cache->Lookup(key);
    ASSERT_TRUE(found.ok()) << field << ": " << found.status().message();
    EXPECT_FALSE(found->has_value()) << "a different " << field << " still hit";
  }
  auto same = cache->Lookup(Key());
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->has_value());
}

TEST_F(MeasurementCacheTest, StoreReplacesTheRow) {
  auto cache = OpenOrFail(CachePath());
  ASSERT_NE(cache, nullptr);
  ASSERT_TRUE(cache->Store(Key(), Value()).ok());
  Measurement second = Value();
  second.reps = 11;
  second.median_seconds = 0.5;
  second.baseline_tiles = Tiles(300);
  second.error = "now failing";
  ASSERT_TRUE(cache->Store(Key(), second).ok());
  auto found = cache->Lookup(Key());
  ASSERT_TRUE(found.ok() && found->has_value());
  ExpectSameMeasurement(**found, second);
  auto count = cache->CountMeasurements();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST_F(MeasurementCacheTest, OracleRoundTripsAndIgnoresTheKeysTiles) {
  auto cache = OpenOrFail(CachePath());
  ASSERT_NE(cache, nullptr);
  auto missing = cache->LookupOracle(Key());
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_FALSE(missing->has_value());

  OracleEntry entry;
  entry.best = Tiles(400);
  entry.best_gflops = 171.5;
  entry.speedup_vs_baseline = 2.25;
  entry.budget = 96;
  entry.measured_at = 1767225601;
  ASSERT_TRUE(cache->StoreOracle(Key(), entry).ok());

  MeasurementKey other_tiles = Key();
  other_tiles.tiles = Tiles(7);
  auto found = cache->LookupOracle(other_tiles);
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  ExpectSameTiles((*found)->best, entry.best);
  EXPECT_DOUBLE_EQ((*found)->best_gflops, entry.best_gflops);
  EXPECT_DOUBLE_EQ((*found)->speedup_vs_baseline, entry.speedup_vs_baseline);
  EXPECT_EQ((*found)->budget, entry.budget);
  EXPECT_EQ((*found)->measured_at, entry.measured_at);

  MeasurementKey other_shape = Key();
  other_shape.m = 1;
  auto miss = cache->LookupOracle(other_shape);
  ASSERT_TRUE(miss.ok());
  EXPECT_FALSE(miss->has_value());

  entry.budget = 200;  // replaced, not added
  ASSERT_TRUE(cache->StoreOracle(Key(), entry).ok());
  auto replaced = cache->LookupOracle(Key());
  ASSERT_TRUE(replaced.ok() && replaced->has_value());
  EXPECT_EQ((*replaced)->budget, 200);
  auto count = cache->CountMeasurements();  // oracle rows are not measurements
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
}

TEST_F(MeasurementCacheTest, InvalidateOtherBuildsDeletesOnlyOtherBuilds) {
  auto cache = OpenOrFail(CachePath());
  ASSERT_NE(cache, nullptr);
  MeasurementKey current = Key();
  MeasurementKey old = Key();
  old.kernel_build = "build-old";
  MeasurementKey older = Key();
  older.kernel_build = "build-older";
  older.m = 7;
  ASSERT_TRUE(cache->Store(current, Value()).ok());
  ASSERT_TRUE(cache->Store(old, Value()).ok());
  ASSERT_TRUE(cache->Store(older, Value()).ok());
  ASSERT_TRUE(cache->StoreOracle(current, OracleEntry{}).ok());
  ASSERT_TRUE(cache->StoreOracle(old, OracleEntry{}).ok());

  auto deleted = cache->InvalidateOtherBuilds(current.kernel_build);
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 3);  // two measurements, one oracle entry

  auto count = cache->CountMeasurements();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  EXPECT_TRUE(cache->Lookup(current)->has_value());
  EXPECT_FALSE(cache->Lookup(old)->has_value());
  EXPECT_FALSE(cache->Lookup(older)->has_value());
  EXPECT_TRUE(cache->LookupOracle(current)->has_value());
  EXPECT_FALSE(cache->LookupOracle(old)->has_value());

  auto again = cache->InvalidateOtherBuilds(current.kernel_build);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(MeasurementCacheTest, CountMeasurementsCountsEveryBuildAndDevice) {
  auto cache = OpenOrFail(CachePath());
  ASSERT_NE(cache, nullptr);
  for (int i = 0; i < 5; ++i) {
    MeasurementKey key = Key();
    key.m = i + 1;
    key.fingerprint = i % 2 == 0 ? "device-a" : "device-b";
    key.kernel_build = i < 3 ? "build-1" : "build-2";
    ASSERT_TRUE(cache->Store(key, Value()).ok());
  }
  auto count = cache->CountMeasurements();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 5);
}

TEST_F(MeasurementCacheTest, TwoConnectionsSeeEachOthersWrites) {
  auto first = OpenOrFail(CachePath());
  auto second = OpenOrFail(CachePath());
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);

  ASSERT_TRUE(first->Store(Key(), Value()).ok());
  auto seen = second->Lookup(Key());
  ASSERT_TRUE(seen.ok()) << seen.status().message();
  ASSERT_TRUE(seen->has_value());
  ExpectSameMeasurement(**seen, Value());

  MeasurementKey other = Key();
  other.m = 1;
  ASSERT_TRUE(second->Store(other, Value()).ok());
  ASSERT_TRUE(second->StoreOracle(other, OracleEntry{}).ok());
  EXPECT_TRUE(first->Lookup(other)->has_value());
  EXPECT_TRUE(first->LookupOracle(other)->has_value());
  EXPECT_EQ(*first->CountMeasurements(), 2);

  auto deleted = second->InvalidateOtherBuilds("another-build");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 3);
  EXPECT_EQ(*first->CountMeasurements(), 0);
}

TEST_F(MeasurementCacheTest, AGarbageFileIsAClearError) {
  {
    std::ofstream garbage(CachePath(), std::ios::binary);
    for (int i = 0; i < 512; ++i) garbage << "this is not an SQLite database\n";
  }
  auto cache = MeasurementCache::Open(CachePath());
  ASSERT_FALSE(cache.ok());
  const std::string& message = cache.status().message();
  EXPECT_NE(message.find(CachePath()), std::string::npos) << message;
  EXPECT_NE(message.find("not a tilevolve cache"), std::string::npos) << message;
  EXPECT_NE(message.find("delete it or pass --no-cache"), std::string::npos) << message;
}

TEST_F(MeasurementCacheTest, AnotherSqliteDatabaseIsAClearError) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(CachePath().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE programs (id INTEGER PRIMARY KEY)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto cache = MeasurementCache::Open(CachePath());
  ASSERT_FALSE(cache.ok());
  const std::string& message = cache.status().message();
  EXPECT_NE(message.find(CachePath()), std::string::npos) << message;
  EXPECT_NE(message.find("not a tilevolve cache"), std::string::npos) << message;
}

TEST_F(MeasurementCacheTest, AnotherSchemaVersionIsAClearError) {
  ASSERT_NE(OpenOrFail(CachePath()), nullptr);  // creates the schema, then closes
  for (const char* version : {"999", "0"}) {    // newer, older
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(CachePath().c_str(), &db), SQLITE_OK);
    const std::string sql =
        std::string("UPDATE meta SET value = ") + version + " WHERE name = 'schema_version'";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);

    auto cache = MeasurementCache::Open(CachePath());
    ASSERT_FALSE(cache.ok()) << "version " << version;
    const std::string& message = cache.status().message();
    EXPECT_NE(message.find(CachePath()), std::string::npos) << message;
    EXPECT_NE(message.find(std::string("schema version ") + version), std::string::npos) << message;
    EXPECT_NE(message.find("delete it"), std::string::npos) << message;
  }
}

TEST_F(MeasurementCacheTest, AnUnwritableDirectoryIsAClearError) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root: directory permissions do not bind";
  const fs::path locked = dir_ / "locked";
  fs::create_directory(locked);
  ASSERT_EQ(chmod(locked.c_str(), 0500), 0);

  for (const fs::path& path : {locked / "measurements.sqlite", locked / "sub" / "measurements.sqlite"}) {
    auto cache = MeasurementCache::Open(path.string());
    ASSERT_FALSE(cache.ok()) << path;
    const std::string& message = cache.status().message();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("--no-cache"), std::string::npos) << message;
    EXPECT_NE(message.find("writable"), std::string::npos) << message;
  }
}

TEST(DefaultMeasurementCachePathTest, IsUnderTheCacheRoot) {
  const char* saved = getenv("TILEVOLVE_CACHE_DIR");
  const std::string saved_value = saved != nullptr ? saved : "";
  setenv("TILEVOLVE_CACHE_DIR", "/somewhere/cache", 1);
  EXPECT_EQ(DefaultMeasurementCachePath(), "/somewhere/cache/measurements.sqlite");
  if (saved != nullptr) {
    setenv("TILEVOLVE_CACHE_DIR", saved_value.c_str(), 1);
  } else {
    unsetenv("TILEVOLVE_CACHE_DIR");
  }
}

}  // namespace
}  // namespace tv::bench
