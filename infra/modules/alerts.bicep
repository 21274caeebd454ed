// What wakes an operator: scheduled queries over the Log Analytics workspace, each with a runbook entry in
// docs/operations.md ("Alerts and runbooks", one heading per rule name). The signals:
// - StorageQueueLogs (the queue service's diagnostic setting): messages moved to <queue>-poison;
// - AppTraces: the app's log records ("Rendering report … failed (attempt n)", "Purge marked N reports expired");
// - AppMetrics: the app's EntryExit meter (shared/Core/Telemetry/EntryExitMetrics.cs), exported every minute as sums
//   per interval with the dimensions in Properties (kind, language, stage, outcome).
@description('Region of the alert rules (the workspace\'s).')
param location string

@description('Tags applied to the rules.')
param tags object

@description('Log Analytics workspace the rules query.')
param logAnalyticsWorkspaceId string

@description('Name prefix of the rules.')
param namePrefix string

@description('Email address notified when an alert fires; empty: the alerts show in the portal only.')
param alertEmail string = ''

@description('Failed face (liveness) checks in 15 minutes that count as a spike.')
param faceFailureSpike int = 50

@description('Verifications refused because the number or client is locked, in 15 minutes, that count as a spike.')
param lockoutSpike int = 20

var rules = [
  {
    name: 'poison-messages'
    displayName: 'E-file reports failed (poison queue messages)'
    description: 'A report or import failed its stage five times: it is marked failed and its message is in <queue>-poison.'
    severity: 1
    window: 'PT15M'
    autoMitigate: false
    query: '''
StorageQueueLogs
| where OperationName == "PutMessage" and StatusCode == 201
| where Uri has "-poison/messages"
| extend Queue = tostring(split(Uri, "/")[3])
| summarize Messages = count() by Queue
'''
    measure: 'Messages'
    dimension: 'Queue'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'failed-reports'
    displayName: 'E-file reports marked failed'
    description: 'Reports were marked failed after their last attempt (metric entryexit.reports.failed), by stage.'
    severity: 1
    window: 'PT15M'
    autoMitigate: false
    query: '''
AppMetrics
| where Name == "entryexit.reports.failed"
| summarize Failed = sum(Sum) by Stage = tostring(Properties.stage)
'''
    measure: 'Failed'
    dimension: 'Stage'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'stage-failures'
    displayName: 'E-file stage attempts failing'
    description: 'Render or email attempts failed in the last 15 minutes; the queue retries them, the fifth failure marks the report failed.'
    severity: 3
    window: 'PT15M'
    autoMitigate: true
    query: '''
AppTraces
| where SeverityLevel >= 3
| where Message startswith "Rendering report " or Message startswith "Sending report "
| where Message has "failed (attempt"
| summarize Failures = count()
'''
    measure: 'Failures'
    dimension: ''
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'stuck-reports'
    displayName: 'E-file reports stuck in a stage'
    description: 'Reports were found stuck (queued, rendering or sending past their lease) and queued again (metric entryexit.reports.stuck.requeued).'
    severity: 2
    window: 'PT30M'
    autoMitigate: true
    query: '''
AppMetrics
| where Name == "entryexit.reports.stuck.requeued"
| summarize Requeued = sum(Sum) by Stage = tostring(Properties.stage)
'''
    measure: 'Requeued'
    dimension: 'Stage'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'face-failure-spike'
    displayName: 'Spike of failed face checks'
    description: 'Many liveness/face checks failed in 15 minutes (metric entryexit.verifications, outcome face_failed): photos or replays being tried, or the Face service misbehaving.'
    severity: 2
    window: 'PT15M'
    autoMitigate: true
    query: '''
AppMetrics
| where Name == "entryexit.verifications" and tostring(Properties.outcome) == "face_failed"
| summarize FaceFailures = sum(Sum)
'''
    measure: 'FaceFailures'
    dimension: ''
    operator: 'GreaterThan'
    threshold: faceFailureSpike
  }
  {
    name: 'lockout-spike'
    displayName: 'Spike of identity lockouts'
    description: 'Many verifications were refused as locked in 15 minutes (metric entryexit.verifications, outcome locked): someone is guessing names or numbers.'
    severity: 2
    window: 'PT15M'
    autoMitigate: true
    query: '''
AppMetrics
| where Name == "entryexit.verifications" and tostring(Properties.outcome) == "locked"
| summarize Lockouts = sum(Sum)
'''
    measure: 'Lockouts'
    dimension: ''
    operator: 'GreaterThan'
    threshold: lockoutSpike
  }
  {
    name: 'purge-stopped'
    displayName: 'Purge timer not running'
    description: 'No "Purge marked N reports expired" record for 30 minutes: expired e-files are not being deleted.'
    severity: 2
    window: 'PT30M'
    autoMitigate: true
    query: '''
AppTraces
| where Message startswith "Purge marked "
| summarize Runs = count()
'''
    measure: 'Runs'
    dimension: ''
    operator: 'LessThan'
    threshold: 1
  }
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: '${namePrefix}-operators'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'entryexit'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = empty(alertEmail)
  ? {}
  : {
      actionGroups: [
        actionGroup.id
      ]
    }

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    properties: {
      displayName: rule.displayName
      description: '${rule.description} Runbook: docs/operations.md, "${rule.name}".'
      severity: rule.severity
      enabled: true
      scopes: [
        logAnalyticsWorkspaceId
      ]
      evaluationFrequency: 'PT15M'
      windowSize: rule.window
      // The tables (StorageQueueLogs, AppMetrics, AppTraces) exist in the workspace only after their first record.
      skipQueryValidation: true
      autoMitigate: rule.autoMitigate
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: rule.measure
            operator: rule.operator
            threshold: rule.threshold
            dimensions: empty(rule.dimension)
              ? []
              : [
                  {
                    name: rule.dimension
                    operator: 'Include'
                    values: [
                      '*'
                    ]
                  }
                ]
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: actions
    }
  }
]

output ruleNames array = [for (rule, i) in rules: alertRules[i].name]
