namespace ClaudeUsage;

/// <summary>
/// How far spending has gone against a limit, from the highest level reached: Exceeded when spent is above the
/// limit; otherwise Critical when spent reaches the critical threshold (CriticalAt × limit); otherwise Warning
/// when it reaches the warning threshold (WarningAt × limit); otherwise Ok.
/// </summary>
public enum BudgetState
{
    Ok,
    Warning,
    Critical,
    Exceeded,
}
