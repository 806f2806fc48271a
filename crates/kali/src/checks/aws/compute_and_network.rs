//! AWS rules for what runs and how it is reached: EC2, launch templates and autoscaling,
//! VPCs, subnets, NACLs and routes, load balancers, API Gateway, CloudFront, WAF and
//! Route 53, IAM, Lambda, ECS, EKS and ECR, CodeBuild, SageMaker, and the logs and
//! monitoring of all of them (CloudWatch, CloudTrail, Config, GuardDuty).

use super::super::Rule;

pub(crate) static RULES: &[Rule] = &[];
