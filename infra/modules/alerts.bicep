// The two signals an operator watches (docs/operations.md):
// - poison messages: a report whose render or email stage failed five times is marked `failed` and its message moves
//   to report-render-poison / report-email-poison (StorageQueueLogs from the queue service's diagnostic setting);
// - stage failures: each failed attempt logs "Rendering report … failed" / "Sending report … failed" at Error.
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

var poisonQuery = '''
StorageQueueLogs
| where OperationName == "PutMessage" and StatusCode == 201
| where Uri has "-poison/messages"
| extend Queue = tostring(split(Uri, "/")[3])
| summarize Messages = count() by Queue
'''

var stageFailureQuery = '''
AppTraces
| where SeverityLevel >= 3
| where Message startswith "Rendering report " or Message startswith "Sending report "
| where Message has "failed (attempt"
| summarize Failures = count()
'''

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

resource poisonAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-poison-messages'
  location: location
  tags: tags
  properties: {
    displayName: 'E-file reports failed (poison queue messages)'
    description: 'A report failed its render or email stage five times: it is marked failed and its message is in <queue>-poison. See docs/operations.md.'
    severity: 1
    enabled: true
    scopes: [
      logAnalyticsWorkspaceId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    // StorageQueueLogs exists in the workspace only after the first queue log arrives.
    skipQueryValidation: true
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: poisonQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'Queue'
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

resource stageFailureAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-stage-failures'
  location: location
  tags: tags
  properties: {
    displayName: 'E-file stage attempts failing'
    description: 'Render or email attempts failed in the last 15 minutes; the queue retries them, the fifth failure marks the report failed. See docs/operations.md.'
    severity: 3
    enabled: true
    scopes: [
      logAnalyticsWorkspaceId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    skipQueryValidation: true
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: stageFailureQuery
          timeAggregation: 'Total'
          metricMeasureColumn: 'Failures'
          operator: 'GreaterThan'
          threshold: 0
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

output poisonAlertName string = poisonAlert.name
output stageFailureAlertName string = stageFailureAlert.name
