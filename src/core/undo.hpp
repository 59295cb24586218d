// Steps to take back if an operation fails half-way, run newest first.
#pragma once

#include <functional>
#include <vector>

namespace girofle {

class UndoStack {
public:
    UndoStack() = default;
    UndoStack(const UndoStack&) = delete;
    UndoStack& operator=(const UndoStack&) = delete;
    ~UndoStack() {
        for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) (*step)();
    }

    void push(std::function<void()> step) { steps_.push_back(std::move(step)); }
    // The newest step is no longer needed (a later step's undo replaces it).
    void pop() { steps_.pop_back(); }
    // The operation succeeded: keep everything.
    void dismiss() { steps_.clear(); }

private:
    std::vector<std::function<void()>> steps_;
};

}  // namespace girofle
