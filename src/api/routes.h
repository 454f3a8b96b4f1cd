// Registration functions of the API route groups (one file each).
#pragma once

#include "api/api.h"

namespace ddn::api {

void AddAccountRoutes(http::Router& router, const ApiContext& ctx);
void AddBlockRoutes(http::Router& router, const ApiContext& ctx);
void AddTransactionRoutes(http::Router& router, const ApiContext& ctx);
void AddDelegateRoutes(http::Router& router, const ApiContext& ctx);
void AddMultisigRoutes(http::Router& router, const ApiContext& ctx);
void AddNodeRoutes(http::Router& router, const ApiContext& ctx);

// An endpoint of the reference that takes a passphrase: answered with SECRET_REFUSED.
void AddSecretRefusing(http::Router& router, std::string_view method, std::string_view path,
                       std::string_view instead);

}  // namespace ddn::api
