// BIP39 English mnemonics: the passphrases DDN wallets create.
// Thread safety: pure functions (GenerateMnemonic reads the OS random source).
#pragma once

#include <string>
#include <string_view>

#include "util/bytes.h"

namespace ddn::crypto {

// A fresh 12-word mnemonic from 128 bits of OS randomness.
std::string GenerateMnemonic();
// The mnemonic of the given entropy (16, 20, 24, 28 or 32 bytes); empty string otherwise.
std::string MnemonicFromEntropy(util::ByteSpan entropy);
// True when every word is in the list and the checksum bits match.
bool IsValidMnemonic(std::string_view mnemonic);

}  // namespace ddn::crypto
