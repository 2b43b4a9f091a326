// CholmodError: the one exception type thrown by the Node-free core.
//
// `code` is a stable string ("CHOLMOD_NOT_POSDEF", "CHOLMOD_OUT_OF_MEMORY",
// "CHOLMOD_INVALID", "CHOLMOD_TOO_LARGE", "CHOLMOD_NOT_INSTALLED", ...); the binding
// turns it into the JavaScript CholmodError class of lib/errors.ts. `column` is the
// failing column of the *original* (unpermuted) matrix for CHOLMOD_NOT_POSDEF, -1
// otherwise.
#pragma once

#include <stdexcept>
#include <string>

namespace softspot {

class CholmodError : public std::runtime_error {
 public:
  CholmodError(std::string code, const std::string& message, long column = -1)
      : std::runtime_error(message), code_(std::move(code)), column_(column) {}

  const std::string& code() const { return code_; }
  long column() const { return column_; }

 private:
  std::string code_;
  long column_;
};

// Maps a CHOLMOD status (Common->status) to its code string.
const char* CholmodStatusCode(int status);

}  // namespace softspot
