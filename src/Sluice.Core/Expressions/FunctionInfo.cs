namespace Sluice.Core.Expressions;

/// <summary>A built-in function: its canonical spelling, how many arguments it takes, and how to call it.</summary>
internal sealed record FunctionInfo(string Name, int MinArguments, int MaxArguments, string Signature, bool IsStatus = false)
{
    public string ArityText => MinArguments == MaxArguments
        ? $"{MinArguments} argument{(MinArguments == 1 ? "" : "s")}"
        : MaxArguments == int.MaxValue ? $"at least {MinArguments} argument{(MinArguments == 1 ? "" : "s")}" : $"{MinArguments} to {MaxArguments} arguments";
}
