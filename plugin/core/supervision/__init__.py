"""监督管理与跟踪评估: lead screening, the assessment log and tracking indicators (no Qt)."""
