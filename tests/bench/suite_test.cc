#include "bench/suite.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace tv::bench {
namespace {

std::string ErrorOf(const std::string& yaml) {
  Result<Suite> s = ParseSuite(yaml, "t.yaml");
  return s.ok() ? std::string("<parsed>") : s.status().message();
}

TEST(SuiteTest, ParsesShapesTagsAndExtraFields) {
  Result<Suite> s = ParseSuite(
      "name: mini\n"
      "shapes:\n"
      "  - {name: a, m: 1, n: 64, k: 32, tag: train, class: decode, model: X}\n"
      "  - name: b\n"
      "    m: 8\n"
      "    n: 16\n"
      "    k: 4\n"
      "    tag: heldout\n",
      "mini.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "mini");
  ASSERT_EQ(s->shapes.size(), 2u);
  EXPECT_EQ(s->shapes[0].name, "a");
  EXPECT_EQ(s->shapes[0].n, 64);
  EXPECT_EQ(s->shapes[0].tag, ShapeTag::kTrain);
  EXPECT_EQ(s->shapes[0].shape_class(), "decode");
  EXPECT_EQ(s->shapes[0].extra.at("model"), "X");
  EXPECT_EQ(s->shapes[1].tag, ShapeTag::kHeldout);
  EXPECT_EQ(s->shapes[1].shape_class(), "");
}

TEST(SuiteTest, MalformedYamlGivesFileAndLine) {
  const std::string e = ErrorOf("name: x\nshapes:\n  - {name: a, m: 1\n  - oops: [\n");
  EXPECT_NE(e.find("t.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("malformed YAML"), std::string::npos) << e;
}

TEST(SuiteTest, MissingDimension) {
  const std::string e = ErrorOf("name: x\nshapes:\n  - {name: a, m: 1, n: 2, tag: train}\n");
  EXPECT_NE(e.find("t.yaml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("missing 'k'"), std::string::npos) << e;
}

TEST(SuiteTest, NegativeOrNonNumericDimension) {
  EXPECT_NE(ErrorOf("name: x\nshapes:\n  - {name: a, m: -4, n: 2, k: 2, tag: train}\n")
                .find("'m' must be a positive"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nshapes:\n  - {name: a, m: 4, n: two, k: 2, tag: train}\n").find("got 'two'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nshapes:\n  - {name: a, m: 4, n: 2, k: 0, tag: train}\n").find("'k' must be"),
            std::string::npos);
}

TEST(SuiteTest, BadTag) {
  const std::string e = ErrorOf("name: x\nshapes:\n  - {name: a, m: 1, n: 2, k: 3, tag: test}\n");
  EXPECT_NE(e.find("'tag' must be train or heldout, got 'test'"), std::string::npos) << e;
  EXPECT_NE(ErrorOf("name: x\nshapes:\n  - {name: a, m: 1, n: 2, k: 3}\n").find("<missing>"),
            std::string::npos);
}

TEST(SuiteTest, DuplicateNames) {
  const std::string e = ErrorOf(
      "name: x\nshapes:\n  - {name: a, m: 1, n: 2, k: 3, tag: train}\n  - {name: a, m: 2, n: 2, k: 3, tag: "
      "train}\n");
  EXPECT_NE(e.find("t.yaml:4"), std::string::npos) << e;
  EXPECT_NE(e.find("duplicate shape name 'a'"), std::string::npos) << e;
}

TEST(SuiteTest, MissingNameOrShapesOrUnknownKey) {
  EXPECT_NE(ErrorOf("shapes:\n  - {name: a, m: 1, n: 2, k: 3, tag: train}\n").find("missing 'name:'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\n").find("'shapes:'"), std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nshape:\n  - {}\n").find("unknown key 'shape'"), std::string::npos);
  EXPECT_NE(ErrorOf("- 1\n- 2\n").find("a suite is a mapping"), std::string::npos);
}

TEST(SuiteTest, UnknownNameListsShippedSuites) {
  setenv("TILEVOLVE_SUITES_DIR", TV_SOURCE_SUITES_DIR, 1);
  Result<Suite> s = LoadSuite("no_such_suite");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_NE(s.status().message().find("transformer"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("smoke"), std::string::npos);
}

TEST(SuiteTest, ShippedSuitesLoad) {
  setenv("TILEVOLVE_SUITES_DIR", TV_SOURCE_SUITES_DIR, 1);
  for (const char* name : {"smoke", "transformer"}) {
    Result<Suite> s = LoadSuite(name);
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ(s->name, name);
  }
  Result<Suite> t = LoadSuite("transformer");
  int heldout = 0;
  for (const SuiteShape& shape : t->shapes) heldout += shape.tag == ShapeTag::kHeldout;
  EXPECT_GE(t->shapes.size(), 25u);
  EXPECT_LE(t->shapes.size(), 35u);
  EXPECT_GT(heldout, 0);
  EXPECT_LT(heldout, static_cast<int>(t->shapes.size()) / 2);
}

// The CUDA example evolves on gpu-evolve and reports its held-out figure against
// the anchors' oracle: every anchor shape must be there with the same size and
// tag, and the shapes it adds must all be train shapes.
TEST(SuiteTest, GpuEvolveKeepsTheAnchorsAndAddsOnlyTrainShapes) {
  setenv("TILEVOLVE_SUITES_DIR", TV_SOURCE_SUITES_DIR, 1);
  Result<Suite> anchors = LoadSuite("gpu-anchors");
  Result<Suite> evolve = LoadSuite("gpu-evolve");
  ASSERT_TRUE(anchors.ok()) << anchors.status().message();
  ASSERT_TRUE(evolve.ok()) << evolve.status().message();
  std::map<std::string, const SuiteShape*> by_name;
  for (const SuiteShape& s : evolve->shapes) {
    EXPECT_TRUE(by_name.emplace(s.name, &s).second) << "shape " << s.name << " twice";
  }
  for (const SuiteShape& a : anchors->shapes) {
    const auto it = by_name.find(a.name);
    ASSERT_NE(it, by_name.end()) << a.name << " is missing from gpu-evolve";
    EXPECT_EQ(it->second->m, a.m) << a.name;
    EXPECT_EQ(it->second->n, a.n) << a.name;
    EXPECT_EQ(it->second->k, a.k) << a.name;
    EXPECT_EQ(it->second->tag, a.tag) << a.name;
    by_name.erase(it);
  }
  EXPECT_FALSE(by_name.empty());
  for (const auto& [name, shape] : by_name) EXPECT_EQ(shape->tag, ShapeTag::kTrain) << name;
}

TEST(SuiteTest, LoadsByPathWithLineNumbers) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "tv_suite_test_bad.yaml";
  std::ofstream(file) << "name: bad\nshapes:\n  - {name: a, m: 1, n: 2, k: 3, tag: train}\n"
                         "  - {name: b, m: 1, n: 2, k: 3, tag: nope}\n";
  Result<Suite> s = LoadSuite(file.string());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(file.string() + ":4"), std::string::npos) << s.status().message();
  std::filesystem::remove(file);
  Result<Suite> missing = LoadSuite("/nonexistent/dir/suite.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cannot read"), std::string::npos);
}

TEST(SuiteTest, SelectShapes) {
  Result<Suite> s = ParseSuite(
      "name: x\nshapes:\n  - {name: a, m: 1, n: 2, k: 3, tag: train}\n  - {name: b, m: 1, n: 2, k: 3, tag: "
      "train}\n"
      "  - {name: c, m: 1, n: 2, k: 3, tag: heldout}\n",
      "x");
  ASSERT_TRUE(s.ok());
  Result<std::vector<SuiteShape>> some = SelectShapes(*s, "c,a");
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->size(), 2u);
  EXPECT_EQ((*some)[0].name, "a");  // suite order
  EXPECT_EQ(SelectShapes(*s, "")->size(), 3u);
  Result<std::vector<SuiteShape>> bad = SelectShapes(*s, "a,zz");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no shape 'zz'"), std::string::npos);
}

}  // namespace
}  // namespace tv::bench
