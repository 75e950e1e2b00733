namespace Sluice.Engine.Secrets;

/// <summary>Secret names are environment-variable names: a letter or underscore, then letters, digits, underscores.</summary>
internal static class SecretNames
{
    public static bool IsValid(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
