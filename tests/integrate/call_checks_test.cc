#include "integrate/call_checks.h"

#include <gtest/gtest.h>

namespace tv::integrate {
namespace {

SgemmCall ValidCall() {
  static float a[64], b[64], c[64];
  SgemmCall call;
  call.m = 4;
  call.n = 5;
  call.k = 6;
  call.a = a;
  call.lda = 6;
  call.b = b;
  call.ldb = 5;
  call.c = c;
  call.ldc = 5;
  return call;
}

TEST(CheckSgemmCall, AcceptsAValidCallAndNamesTheFirstBadArgument) {
  std::string message;
  EXPECT_EQ(CheckSgemmCall(ValidCall(), &message), 0);
  SgemmCall call = ValidCall();
  call.trans_b = 5;
  EXPECT_EQ(CheckSgemmCall(call, &message), 3);
  call = ValidCall();
  call.k = -1;
  EXPECT_EQ(CheckSgemmCall(call, &message), 6);
  call = ValidCall();
  call.layout = kColMajor;  // A is now 4 x 6 column-major: lda >= 4 is fine, ldb >= 6 is not
  EXPECT_EQ(CheckSgemmCall(call, &message), 11);
  EXPECT_NE(message.find("ldb"), std::string::npos) << message;
  call = ValidCall();
  call.c = nullptr;
  EXPECT_EQ(CheckSgemmCall(call, &message), 13);
  call = ValidCall();
  call.a = nullptr;
  call.alpha = 0.0f;  // A is not read
  EXPECT_EQ(CheckSgemmCall(call, &message), 0);
}

TEST(CheckSgemvCall, RejectsZeroIncrementsAndShortLda) {
  float a[16], x[4], y[4];
  SgemvCall call{kColMajor, kTrans, 4, 3, 1.0f, a, 4, x, 1, 0.0f, y, 1};
  EXPECT_EQ(CheckSgemvCall(call, nullptr), 0);
  call.lda = 3;
  EXPECT_EQ(CheckSgemvCall(call, nullptr), 7);
  call.lda = 4;
  call.incy = 0;
  EXPECT_EQ(CheckSgemvCall(call, nullptr), 12);
}

TEST(TransFromChar, AcceptsBothCasesAndRejectsOthers) {
  EXPECT_EQ(TransFromChar("n"), kNoTrans);
  EXPECT_EQ(TransFromChar("T"), kTrans);
  EXPECT_EQ(TransFromChar("c"), kConjTrans);
  EXPECT_EQ(TransFromChar("x"), 0);
  EXPECT_EQ(TransFromChar(nullptr), 0);
}

TEST(XerblaMessage, HasTheReferenceWording) {
  EXPECT_EQ(XerblaMessage("SGEMM", 8), " ** On entry to SGEMM  parameter number  8 had an illegal value");
}

}  // namespace
}  // namespace tv::integrate
