#include "http/message.h"

namespace ddn::http {

const std::string* Request::QueryValue(std::string_view key) const {
  auto it = query.find(std::string(key));
  return it == query.end() ? nullptr : &it->second;
}

const std::string* Request::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? nullptr : &it->second;
}

Response Json(const nlohmann::json& value, int status) {
  Response response;
  response.status = status;
  response.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response JsonError(int status, std::string_view code, std::string_view message) {
  nlohmann::json body = {
      {"success", false}, {"error", std::string(message)}, {"code", std::string(code)}};
  return Json(body, status);
}

}  // namespace ddn::http
