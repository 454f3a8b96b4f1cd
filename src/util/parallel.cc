#include "util/parallel.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ddn::util {

namespace {

// A fixed pool of workers that help with the current ParallelFor jobs.
class WorkerPool {
 public:
  WorkerPool() {
    const unsigned n = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 1; i < n; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  size_t size() const { return threads_.size(); }
  void Post(std::function<void()> task) {
    {
      std::lock_guard lock(mu_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !tasks_.empty(); });
        if (stop_ && tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

WorkerPool& Pool() {
  static WorkerPool pool;
  return pool;
}

struct Job {
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  size_t n = 0;
  const std::function<void(size_t)>* fn = nullptr;
  std::mutex mu;
  std::condition_variable cv;

  void Work() {
    size_t i;
    while ((i = next.fetch_add(1)) < n) {
      (*fn)(i);
      if (done.fetch_add(1) + 1 == n) {
        std::lock_guard lock(mu);
        cv.notify_all();
      }
    }
  }
};

}  // namespace

void ParallelFor(size_t n, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  if (n < 8 || Pool().size() == 0) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  auto job = std::make_shared<Job>();
  job->n = n;
  job->fn = &fn;
  for (size_t w = 0; w < Pool().size(); ++w) Pool().Post([job] { job->Work(); });
  job->Work();
  std::unique_lock lock(job->mu);
  job->cv.wait(lock, [&] { return job->done.load() == n; });
}

}  // namespace ddn::util
