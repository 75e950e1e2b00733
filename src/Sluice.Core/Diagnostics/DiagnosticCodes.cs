namespace Sluice.Core.Diagnostics;

/// <summary>
/// Stable diagnostic codes. Codes are never reused or renumbered: scripts and docs refer to them.
/// SL10xx: YAML and schema; SL11xx: job graph; SL12xx: cron, globs, durations;
/// SL13xx: expressions; SL14xx: matrix; SL15xx: secrets; SL16xx: inputs; SL17xx: deploy.
/// </summary>
public static class DiagnosticCodes
{
    public const string YamlSyntax = "SL1001";
    public const string TabIndentation = "SL1002";
    public const string DuplicateKey = "SL1003";
    public const string UnknownKey = "SL1004";
    public const string WrongType = "SL1005";
    public const string MissingKey = "SL1006";
    public const string InvalidValue = "SL1007";
    public const string EmptyDocument = "SL1008";

    public const string UnknownNeeds = "SL1101";
    public const string Cycle = "SL1102";
    public const string DuplicateJob = "SL1103";
    public const string NoSteps = "SL1104";
    public const string RunAndSteps = "SL1105";
    public const string InvalidJobId = "SL1106";
    public const string NoJobs = "SL1107";

    public const string InvalidCron = "SL1201";
    public const string InvalidTimezone = "SL1202";
    public const string InvalidGlob = "SL1203";
    public const string InvalidDuration = "SL1204";
    public const string InvalidCadence = "SL1205";

    public const string ExpressionSyntax = "SL1301";
    public const string UnknownContext = "SL1302";
    public const string UnknownFunction = "SL1303";
    public const string ContextNotAllowed = "SL1304";
    public const string NeedsNotDeclared = "SL1305";
    public const string UnknownMatrixKey = "SL1306";
    public const string UnknownInput = "SL1307";

    public const string MatrixTooLarge = "SL1401";
    public const string InvalidMatrix = "SL1402";

    public const string SecretNotDeclared = "SL1501";
    public const string InvalidSecretName = "SL1502";

    public const string InvalidInput = "SL1601";

    public const string InvalidDeploy = "SL1701";
    public const string InvalidEnvironment = "SL1702";

    public const string DuplicatePipeline = "SL1801";
}
