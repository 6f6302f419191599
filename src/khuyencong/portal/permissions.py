"""Who may write news and moderate comments: editors (biên tập viên) write, approvers publish."""
