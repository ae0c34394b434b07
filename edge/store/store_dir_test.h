#pragma once
// A fresh directory per test for the store's tests, named after the test and
// the process so that parallel ctest runs never share one; removed afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace jxc::store {

class StoreDirTest : public ::testing::Test {
 protected:
  explicit StoreDirTest(std::string tag) : tag_(std::move(tag)) {}
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("jxc-" + tag_ + "-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "store.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;

 private:
  std::string tag_;
};

}  // namespace jxc::store
